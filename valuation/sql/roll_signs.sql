-- Signs shown at any time in the tax year (a sign first shown mid-year pays by quarter).
SELECT id, code, parcel_id, sign_type, moving, width_cm, height_cm, faces, first_shown
  FROM signs
 WHERE lao_id = :lao_id AND valid_from <= make_date(:year, 12, 31)
   AND (valid_to IS NULL OR valid_to > :as_of)
   AND (first_shown IS NULL OR first_shown <= make_date(:year, 12, 31))
 ORDER BY code
