"""Data-quality rules of a dataset spec (``quality:``, docs/quality.md), evaluated on the batch
bronze_to_silver wrote.

- :mod:`~medallion_glue.quality.rules`: the spec's rules as one ordered list with ids and actions (the ids
  ``components/data-quality/dqdl.ts`` writes into the DQDL ruleset);
- :mod:`~medallion_glue.quality.spark_evaluator`: our own Spark evaluation of those rules
  (:func:`evaluate_quality`), used locally and in CI;
- :mod:`~medallion_glue.quality.glue_evaluator`: the Glue evaluation with ``EvaluateDataQuality`` of the
  job's ``--quality_ruleset`` DQDL, and the shaping of its outcome rows into the same verdicts;
- :mod:`~medallion_glue.quality.result`: the verdicts (:class:`QualityResult`) and their CloudWatch
  metric data.
"""
