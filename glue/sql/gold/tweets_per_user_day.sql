-- Tweets and likes per author and day.
SELECT
  user.screen_name AS screen_name,
  CAST(created_at AS DATE) AS day,
  COUNT(*) AS tweets,
  SUM(public_metrics.like_count) AS likes,
  MAX(user.followers_count) AS followers
FROM tweets
GROUP BY user.screen_name, CAST(created_at AS DATE)
