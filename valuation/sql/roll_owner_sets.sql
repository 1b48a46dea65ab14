-- Owners on record on 1 January (s.9) of each parcel, building and sign, as one sorted set:
-- the set is the taxpayer (co-owners get one bill, s.47). Also: are all of them individuals?
SELECT CASE WHEN r.parcel_id IS NOT NULL THEN 'parcel'
            WHEN r.building_id IS NOT NULL THEN 'building'
            WHEN r.sign_id IS NOT NULL THEN 'sign' ELSE 'condo_unit' END AS object,
       coalesce(r.parcel_id, r.building_id, r.sign_id, r.condo_unit_id) AS object_id,
       string_agg(r.party_id::text, ',' ORDER BY r.party_id) AS owners,
       bool_and(pa.kind = 'individual') AS individual
  FROM rights r
  JOIN parties pa ON pa.lao_id = r.lao_id AND pa.id = r.party_id
 WHERE r.lao_id = %(lao_id)s AND r.valid_from <= %(as_of)s
   AND (r.valid_to IS NULL OR r.valid_to > %(as_of)s)
 GROUP BY 1, 2
