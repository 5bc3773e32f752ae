-- Live transactions and their amount per category and hour (the transactional source). Soft-deleted
-- rows (deleted = true, the latest version silver keeps of a removed row) are left out.
SELECT
  categoria,
  date_trunc('HOUR', fecha) AS hora,
  COUNT(*) AS transacciones,
  CAST(SUM(importe) AS DECIMAL(14, 2)) AS importe_total,
  year,
  month
FROM transactions
WHERE NOT deleted
GROUP BY categoria, date_trunc('HOUR', fecha), year, month
