SELECT c.id, c.kind, c.status, c.amount, c.pledged_on, c.updated_at, c.version FROM commitments c
WHERE c.partner_id = {partner} AND c.updated_at >= '2021-01-01T00:00:00+00:00' ORDER BY c.updated_at, c.id LIMIT 51;
