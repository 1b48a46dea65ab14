"""Bills, notices, payments, receipts, arrears, Thai QR and printed documents."""
