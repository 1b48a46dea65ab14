-- Parcels found in the Treasury's per-parcel list take its price (rule book §2.1, first choice).
-- A manual price (with reason and approver) is never overwritten.
INSERT INTO land_prices (lao_id, round_id, parcel_id, source, price_per_sq_wah)
SELECT p.lao_id, :round_id, p.id, 'treasury_list', pp.price_per_sq_wah
  FROM parcels p
  JOIN parcel_prices pp
    ON pp.lao_id = p.lao_id AND pp.round_id = :round_id
   AND pp.sheet_50k = p.sheet_50k AND pp.sheet_quadrant = p.sheet_quadrant
   AND pp.sheet_4000 = p.sheet_4000 AND pp.sub_sheet = coalesce(p.sub_sheet, '')
   AND pp.map_scale = coalesce(p.map_scale, 4000) AND pp.land_no = p.land_no
 WHERE p.lao_id = :lao_id AND p.status = 'active'
ON CONFLICT (lao_id, round_id, parcel_id) DO NOTHING
