{{ config(reference=true) }}
{#- The canonical payment methods (see macros/cleansing.sql) and 'unknown' for unmappable ones. -#}
select * from (values
  (0, 'unknown', 'Unknown', false, false),
  (1, 'credit_card', 'Credit card', true, false),
  (2, 'debit_card', 'Debit card', true, false),
  (3, 'paypal', 'PayPal', false, true),
  (4, 'bank_transfer', 'Bank transfer', false, false),
  (5, 'gift_card', 'Gift card', false, false),
  (6, 'cash_on_delivery', 'Cash on delivery', false, false)
) as t(payment_method_sk, payment_method, display_name, is_card, is_digital_wallet)
