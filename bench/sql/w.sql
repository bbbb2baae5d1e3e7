{begin};
SELECT id, total_cost, own_contribution, program_id FROM projects WHERE id = {wproject} {lock};
SELECT SUM(COALESCE(amount, 0)) FROM commitments WHERE project_id = {wproject} AND status <> 'CANCELLED';
INSERT INTO commitments (partner_id, project_id, kind, amount, currency, tax_included, status, pledged_on, created_at, updated_at, version) VALUES ({partner}, {wproject}, 'FINANCIAL', 1, 'MAD', {true}, 'PLEDGED', CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1);
INSERT INTO audit_events (actor_user_id, action, entity_type, entity_id, changed_fields, created_at, updated_at) VALUES (1, 'create_commitment', 'Commitment', 0, '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
COMMIT;
