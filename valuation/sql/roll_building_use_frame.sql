-- Building use pieces on 1 January, in the buildings' code order; floor area in hundredths.
SELECT u.building_id, u.category, round(u.floor_area_m2 * 100)::bigint AS floor_centi,
       coalesce(u.exemption, '') AS exemption
  FROM building_use_pieces u
  JOIN buildings b ON b.lao_id = u.lao_id AND b.id = u.building_id
 WHERE u.lao_id = %(lao_id)s AND u.valid_from <= %(as_of)s
   AND (u.valid_to IS NULL OR u.valid_to > %(as_of)s)
 ORDER BY b.code, u.id
