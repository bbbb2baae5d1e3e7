SELECT pa.name, SUM(COALESCE(c.amount, 0)) AS committed
FROM commitments c JOIN projects p ON p.id = c.project_id JOIN partners pa ON pa.id = c.partner_id
WHERE c.status <> 'CANCELLED' AND p.currency = 'MAD' GROUP BY pa.id, pa.name ORDER BY committed DESC;
