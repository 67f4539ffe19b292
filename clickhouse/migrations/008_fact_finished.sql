-- Whether a call leg is finished (talk and wrap-up known). Every stored fact is: the column is an ALIAS
-- of 1, stored nowhere. It exists so the catalogue's SQL can say what the live reduce says (a handled call
-- is answered AND finished) and so a report can add today's open legs from live state to the stored facts
-- (UNION ALL with finished = 0), making "today" in a report agree with the wallboard.
ALTER TABLE call_facts ADD COLUMN IF NOT EXISTS finished UInt8 ALIAS 1;
