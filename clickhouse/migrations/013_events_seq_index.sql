-- A min-max skip index on the events' processing sequence (µs of the engine's wall clock, monotonic). At start-up
-- the engine replays the events processed in the last hours whatever their timestamps (late data:
-- Repository.lateEventsPage, `seq >= max(seq) - window`); the table is ordered by (tenant, day, id), so without it
-- that read scans the whole tenant's seq column, every page. Parts are written in processing order, so each part's
-- seq range is narrow and the index skips every part but the newest.
ALTER TABLE events ADD INDEX IF NOT EXISTS events_seq seq TYPE minmax GRANULARITY 1;

ALTER TABLE events MATERIALIZE INDEX events_seq;
