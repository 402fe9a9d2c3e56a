# The AWS account alone: an imported certificate, its expiry notices e-mailed through an
# EventBridge rule and an SNS topic, 37 days on (8 days before it expires).
aws acm import-certificate --certificate fileb://../../tests/scenarios/shop-cert.pem --private-key fileb://../../tests/scenarios/shop.key
aws sns create-topic --name cert-expiry
aws sns subscribe --topic-arn arn:aws:sns:us-east-1:123456789012:cert-expiry --protocol email --notification-endpoint ops@example.com
aws sns confirm-subscription --topic-arn arn:aws:sns:us-east-1:123456789012:cert-expiry --token 6d101615757f0f1912ac705f9c134ece
aws events put-rule --name cert-expiry --event-pattern '{"source":["aws.acm"],"detail-type":["ACM Certificate Approaching Expiration"]}'
aws events put-targets --rule cert-expiry --targets Id=email-ops,Arn=arn:aws:sns:us-east-1:123456789012:cert-expiry
run 37d
