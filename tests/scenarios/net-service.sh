# A learner's first Service: a Deployment exposed on a NodePort, the EndpointSlice the
# controller writes for it, and the nat rules kube-proxy programs on a worker (1/3, 1/2,
# then the last endpoint unconditionally); after scaling down, one endpoint is left.
kubectl create deployment web --image=nginx --replicas=3
settle
kubectl expose deployment web --port=80 --type=NodePort
settle
kubectl get svc -o wide
kubectl get endpointslices
iptables worker-1
kubectl scale deployment web --replicas=1
settle
kubectl get endpointslices
iptables worker-1
