-- Flights, average delay and distance per origin -> destination route, with both cities.
SELECT
  f.origin,
  f.destination,
  o.city AS origin_city,
  d.city AS destination_city,
  COUNT(*) AS flights,
  ROUND(AVG(f.delay), 2) AS avg_delay_minutes,
  MAX(f.distance) AS distance_miles
FROM flights AS f
LEFT JOIN airports AS o ON o.iata = f.origin
LEFT JOIN airports AS d ON d.iata = f.destination
GROUP BY f.origin, f.destination, o.city, d.city
