-- What PostGraphile needs beyond the tables CQS migrates, created in the benchmark's database
-- only (bench/run applies it after the seed): Q3's figure as a computed column, PostGraphile's
-- own idiom for a derived value (a STABLE function taking the row), sortable so that the
-- partners can be listed largest first. Same definition as bench/sql/q3.sql and as CQS's
-- `stats.byPartner.committed`: non-cancelled commitments to MAD projects, summed.
CREATE FUNCTION partners_committed(partner partners) RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT SUM(COALESCE(c.amount, 0))
  FROM commitments c JOIN projects p ON p.id = c.project_id
  WHERE c.partner_id = partner.id AND c.status <> 'CANCELLED' AND p.currency = 'MAD'
$$;
COMMENT ON FUNCTION partners_committed(partners) IS E'@sortable\nCentimes committed to MAD projects, cancelled commitments left out.';
