-- Which bus message a dead letter came from ("<stream seq>@<publish time ms>"; empty for input
-- rejected at the HTTP API, which never reaches the bus). A message delivered again after a crash
-- between storing its dead letter and acking it, or after the engine's consumer is reset, is then
-- recognised instead of being stored twice.

ALTER TABLE dead_letters ADD COLUMN IF NOT EXISTS ref String DEFAULT '' COMMENT 'bus message: stream seq @ publish time ms';

ALTER TABLE dead_letters ADD INDEX IF NOT EXISTS ref_idx ref TYPE bloom_filter GRANULARITY 4;
