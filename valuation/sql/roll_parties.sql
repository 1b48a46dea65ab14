SELECT id, kind, name_th FROM parties WHERE lao_id = :lao_id
