SELECT p.title, p.status, p.total_cost, p.currency, o.name, c.amount, c.currency, pa.name
FROM projects p JOIN organizations o ON o.id = p.carrier_id
LEFT JOIN commitments c ON c.project_id = p.id LEFT JOIN partners pa ON pa.id = c.partner_id
WHERE p.id = {project} ORDER BY c.id;
