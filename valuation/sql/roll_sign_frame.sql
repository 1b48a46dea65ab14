-- Signs shown at any time in the tax year (a sign first shown mid-year pays by quarter).
-- Areas in ten-thousandths of a cm² (width and height in hundredths), so they are whole.
SELECT id, code, parcel_id, sign_type, moving,
       round(width_cm * 100)::bigint * round(height_cm * 100)::bigint * faces AS area_e4,
       first_shown
  FROM signs
 WHERE lao_id = %(lao_id)s AND valid_from <= make_date(%(year)s, 12, 31)
   AND (valid_to IS NULL OR valid_to > %(as_of)s)
   AND (first_shown IS NULL OR first_shown <= make_date(%(year)s, 12, 31))
 ORDER BY code
