-- Pairs of parcels with the same owners on 1 January that shared a boundary line then (s.42):
-- interiors disjoint, boundaries meeting in a line ('F***1****'); a corner touch is not enough.
WITH owners AS (
    SELECT parcel_id, string_agg(party_id::text, ',' ORDER BY party_id) AS owner_set
      FROM rights
     WHERE lao_id = %(lao_id)s AND parcel_id IS NOT NULL
       AND valid_from <= %(as_of)s AND (valid_to IS NULL OR valid_to > %(as_of)s)
     GROUP BY parcel_id
), current AS (
    SELECT p.id, p.geom, o.owner_set
      FROM parcels_as_of(%(lao_id)s, %(as_of)s) p JOIN owners o ON o.parcel_id = p.id
)
SELECT a.id AS a, b.id AS b
  FROM current a
  JOIN current b
    ON a.id < b.id AND a.owner_set = b.owner_set AND a.geom && b.geom
 WHERE ST_Relate(a.geom, b.geom, 'F***1****')
