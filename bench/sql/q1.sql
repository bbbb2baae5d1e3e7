WITH page AS (SELECT p.id, p.title, p.status, p.total_cost, p.currency, p.carrier_id, p.created_at FROM projects p ORDER BY p.created_at, p.id LIMIT 50)
SELECT page.id, page.title, page.status, page.total_cost, page.currency, o.name, c.amount, c.currency, pa.name
FROM page JOIN organizations o ON o.id = page.carrier_id
LEFT JOIN commitments c ON c.project_id = page.id LEFT JOIN partners pa ON pa.id = c.partner_id
ORDER BY page.created_at, page.id, c.id;
