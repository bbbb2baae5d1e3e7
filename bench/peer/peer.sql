-- What PostGraphile needs beyond the tables CQS migrates, created in the benchmark's database
-- only (bench/run applies it after the seed): Q3's figure as a set-returning STABLE function,
-- PostGraphile's idiom for a report (exposed as the root connection `committedByPartner`), one
-- GROUP BY as the floor does. (A computed column on partners, the other idiom, sums once per
-- partner and ran at 16% of the floor.) Same definition as bench/sql/q3.sql and as CQS's
-- `stats.byPartner.committed`: non-cancelled commitments to MAD projects, summed, largest first.
CREATE TYPE partner_committed AS (name text, committed bigint);
CREATE FUNCTION committed_by_partner() RETURNS SETOF partner_committed
LANGUAGE sql STABLE AS $$
  SELECT pa.name, SUM(COALESCE(c.amount, 0))::bigint AS committed
  FROM commitments c JOIN projects p ON p.id = c.project_id JOIN partners pa ON pa.id = c.partner_id
  WHERE c.status <> 'CANCELLED' AND p.currency = 'MAD'
  GROUP BY pa.id, pa.name
  ORDER BY committed DESC, pa.id
$$;
COMMENT ON FUNCTION committed_by_partner() IS 'Centimes committed to MAD projects per partner, cancelled commitments left out, largest first.';
