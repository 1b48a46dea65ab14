SELECT parcel_id, category, area_sq_wah, vacant_since, exemption
  FROM land_use_pieces
 WHERE lao_id = :lao_id AND valid_from <= :as_of AND (valid_to IS NULL OR valid_to > :as_of)
 ORDER BY parcel_id, id
