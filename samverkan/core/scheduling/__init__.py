"""The scheduled jobs' state: one row per job with its next run (see core/schedule.py). A small
app of its own so the job table has its own migrations beside core's."""
