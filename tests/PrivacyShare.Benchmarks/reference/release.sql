-- The reference point for the release benchmark: load the extract into the sqlite3 shell and run one
-- GROUP BY for the monthly table (no noise, no bound, no files).
-- Usage: sqlite3 :memory: -cmd ".import --csv IN.csv arrests" < release.sql
SELECT substr(arrest_date, 1, 7) AS arrest_month, offense_level, COUNT(*) AS arrests,
       SUM(ident_match = 'Y'), SUM(detainer_issued = 'Y'), SUM(removed = 'Y')
FROM arrests GROUP BY 1, 2;
