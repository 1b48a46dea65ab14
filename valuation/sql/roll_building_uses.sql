SELECT building_id, category, floor_area_m2, exemption
  FROM building_use_pieces
 WHERE lao_id = :lao_id AND valid_from <= :as_of AND (valid_to IS NULL OR valid_to > :as_of)
 ORDER BY building_id, id
