-- Land use pieces on 1 January; areas in hundredths of a square wah.
SELECT parcel_id, category, round(area_sq_wah * 100)::bigint AS area_centi,
       coalesce(vacant_since, 0) AS vacant_since, coalesce(exemption, '') AS exemption
  FROM land_use_pieces
 WHERE lao_id = %(lao_id)s AND valid_from <= %(as_of)s
   AND (valid_to IS NULL OR valid_to > %(as_of)s)
 ORDER BY parcel_id, id
