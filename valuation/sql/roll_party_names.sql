SELECT id, name_th FROM parties WHERE lao_id = %(lao_id)s
