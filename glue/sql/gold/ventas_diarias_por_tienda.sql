-- Units and revenue per store and day (the seed's sales example).
SELECT
  tienda,
  CAST(fecha AS DATE) AS dia,
  COUNT(*) AS lineas,
  SUM(cantidad) AS unidades,
  CAST(SUM(cantidad * precio_unitario) AS DECIMAL(14, 2)) AS importe,
  year
FROM sales
GROUP BY tienda, CAST(fecha AS DATE), year
