# An imported certificate approaches expiry. ACM never renews a certificate you imported:
# the learner gets the expiry notices by e-mail (EventBridge rule -> SNS topic -> e-mail),
# watches AWS Config's rule turn NON_COMPLIANT, and re-imports a renewed certificate.
# The AWS account alone (no Kubernetes cluster), so that days pass quickly:
# cluster: aws-account.yaml
time
aws acm import-certificate --certificate fileb://shop-cert.pem --private-key fileb://shop.key
aws acm list-certificates
aws sns create-topic --name cert-expiry
aws sns subscribe --topic-arn arn:aws:sns:us-east-1:123456789012:cert-expiry --protocol email --notification-endpoint ops@example.com
inbox
inbox 1
# Nothing reaches an unconfirmed subscription: confirm it (the link in the e-mail).
aws sns confirm-subscription --topic-arn arn:aws:sns:us-east-1:123456789012:cert-expiry --token 6d101615757f0f1912ac705f9c134ece
# Send ACM's expiry notices to the topic.
aws events put-rule --name cert-expiry --event-pattern '{"source":["aws.acm"],"detail-type":["ACM Certificate Approaching Expiration"]}'
aws events put-targets --rule cert-expiry --targets Id=email-ops,Arn=arn:aws:sns:us-east-1:123456789012:cert-expiry
aws configservice put-config-rule --config-rule '{"ConfigRuleName":"acm-certificate-expiration-check","Source":{"Owner":"AWS","SourceIdentifier":"ACM_CERTIFICATE_EXPIRATION_CHECK"},"InputParameters":"{\"daysToExpiration\":\"14\"}"}'
aws configservice describe-compliance-by-config-rule
# Ten days pass: the notices start 45 days before expiry, one a day.
run 10d
inbox
inbox 2
aws cloudwatch get-metric-statistics --namespace AWS/CertificateManager --metric-name DaysToExpiry --dimensions Name=CertificateArn,Value=arn:aws:acm:us-east-1:123456789012:certificate/b3f2af6d-0fc7-40c5-853b-559647364cea --start-time 2026-01-05 --end-time 2026-01-16 --period 86400 --statistics Minimum
# Four more weeks: 14 days or fewer are left, and Config says so.
run 27d
aws configservice describe-compliance-by-config-rule
# The CA has issued a renewed certificate: reimport it over the same ARN.
aws acm import-certificate --certificate-arn arn:aws:acm:us-east-1:123456789012:certificate/b3f2af6d-0fc7-40c5-853b-559647364cea --certificate fileb://shop-cert-renewed.pem --private-key fileb://shop.key
aws acm describe-certificate --certificate-arn arn:aws:acm:us-east-1:123456789012:certificate/b3f2af6d-0fc7-40c5-853b-559647364cea
aws configservice describe-compliance-by-config-rule
run 2d
inbox
# Mistakes a learner makes, with aws-cli's own errors.
aws acm describe-certificate --certificate-arn arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000
aws acm put-account-configuration --expiry-events DaysBeforeExpiry=30
aws acm put-account-configuration --expiry-events DaysBeforeExpiry=60 --idempotency-token lab
kubectl get pods
