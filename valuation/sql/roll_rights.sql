-- Owners on record on 1 January of the tax year (s.9).
SELECT party_id,
       CASE WHEN parcel_id IS NOT NULL THEN 'parcel'
            WHEN building_id IS NOT NULL THEN 'building'
            WHEN sign_id IS NOT NULL THEN 'sign' ELSE 'condo_unit' END AS object,
       coalesce(parcel_id, building_id, sign_id, condo_unit_id) AS object_id
  FROM rights
 WHERE lao_id = :lao_id AND valid_from <= :as_of AND (valid_to IS NULL OR valid_to > :as_of)
