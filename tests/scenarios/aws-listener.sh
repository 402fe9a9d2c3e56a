# A load balancer's HTTPS listener serves an imported certificate: clients fail the TLS
# handshake once it has expired, until a renewed certificate is re-imported (same ARN).
# The AWS account alone (no Kubernetes cluster), so that days pass quickly:
# cluster: aws-account.yaml
aws acm import-certificate --certificate fileb://shop-cert.pem --private-key fileb://shop.key
aws elbv2 create-load-balancer --name shop --type application --subnets subnet-0a3f1c2d4e5b60711 subnet-0b4e2d3c5f6a71822
# Provisioning: the DNS name does not resolve yet.
curl https://shop-8120551825.us-east-1.elb.amazonaws.com/
run 3m
aws elbv2 describe-load-balancers --names shop
# Mistakes first, with the service's own errors.
aws elbv2 create-listener --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/326d101615757f0f --protocol HTTPS --port 443 --default-actions Type=fixed-response,FixedResponseConfig={StatusCode=200,ContentType=text/plain,MessageBody=shop}
aws elbv2 create-listener --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/326d101615757f0f --protocol HTTPS --port 443 --certificates CertificateArn=arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000 --default-actions Type=fixed-response,FixedResponseConfig={StatusCode=200,ContentType=text/plain,MessageBody=shop}
aws elbv2 create-load-balancer --name shop-
# The listener: ACM now lists the load balancer under InUseBy.
aws elbv2 create-listener --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/326d101615757f0f --protocol HTTPS --port 443 --certificates CertificateArn=arn:aws:acm:us-east-1:123456789012:certificate/b3f2af6d-0fc7-40c5-853b-559647364cea --default-actions 'Type=fixed-response,FixedResponseConfig={StatusCode=200,ContentType=text/plain,MessageBody=Welcome to the shop}'
aws elbv2 create-listener --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/326d101615757f0f --protocol HTTP --port 443 --default-actions Type=fixed-response,FixedResponseConfig={StatusCode=200}
aws elbv2 describe-listeners --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/326d101615757f0f
aws acm describe-certificate --certificate-arn arn:aws:acm:us-east-1:123456789012:certificate/b3f2af6d-0fc7-40c5-853b-559647364cea
# The certificate names shop.example.com, not the load balancer's own DNS name.
curl https://shop-8120551825.us-east-1.elb.amazonaws.com/
# shop.example.com's DNS record points at the load balancer (Route 53 is not modelled):
curl --connect-to shop.example.com:443:shop-8120551825.us-east-1.elb.amazonaws.com:443 https://shop.example.com/
curl http://shop-8120551825.us-east-1.elb.amazonaws.com/
curl https://shop.example.com/
# 50 days later the certificate has expired: the handshake fails.
run 50d
curl --connect-to shop.example.com:443:shop-8120551825.us-east-1.elb.amazonaws.com:443 https://shop.example.com/
curl -k --connect-to shop.example.com:443:shop-8120551825.us-east-1.elb.amazonaws.com:443 https://shop.example.com/
curl -s --connect-to shop.example.com:443:shop-8120551825.us-east-1.elb.amazonaws.com:443 https://shop.example.com/
aws acm list-certificates --certificate-statuses EXPIRED
# Re-import the renewed certificate over the same ARN: ACM deploys it to the listener.
aws acm import-certificate --certificate-arn arn:aws:acm:us-east-1:123456789012:certificate/b3f2af6d-0fc7-40c5-853b-559647364cea --certificate fileb://shop-cert-renewed.pem --private-key fileb://shop.key
curl --connect-to shop.example.com:443:shop-8120551825.us-east-1.elb.amazonaws.com:443 https://shop.example.com/
trace --last 8
# Taking the listener away frees the certificate.
aws elbv2 delete-listener --listener-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/326d101615757f0f/e79470153cba199f
aws acm describe-certificate --certificate-arn arn:aws:acm:us-east-1:123456789012:certificate/b3f2af6d-0fc7-40c5-853b-559647364cea
curl --connect-to shop.example.com:443:shop-8120551825.us-east-1.elb.amazonaws.com:443 https://shop.example.com/
aws elbv2 delete-load-balancer --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/326d101615757f0f
aws elbv2 describe-load-balancers
curl --frobnicate https://shop.example.com/
