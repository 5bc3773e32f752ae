-- Departures, average departure delay and share of flights delayed 15+ minutes (the US DOT
-- on-time threshold) per origin airport and month. Partitioned by year (see datasets/flights.yaml).
SELECT
  f.origin,
  a.name AS origin_name,
  a.city AS origin_city,
  a.state AS origin_state,
  f.month,
  COUNT(*) AS flights,
  ROUND(AVG(f.delay), 2) AS avg_delay_minutes,
  SUM(CASE WHEN f.delay >= 15 THEN 1 ELSE 0 END) AS delayed_15_flights,
  ROUND(SUM(CASE WHEN f.delay >= 15 THEN 1 ELSE 0 END) / COUNT(*), 4) AS delayed_15_share,
  f.year
FROM flights AS f
LEFT JOIN airports AS a ON a.iata = f.origin
GROUP BY f.year, f.month, f.origin, a.name, a.city, a.state
