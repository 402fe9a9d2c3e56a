# The Kubernetes docs' nginx Deployment goes through the API server into etcd, then the
# controllers, the scheduler and the kubelets bring it to three Running pods.
kubectl apply -f nginx-deployment.yaml
kubectl get deployments
settle
kubectl get deployments
kubectl get pods -o wide
kubectl get deployment nginx-deployment -o yaml
kubectl apply -f nginx-deployment.yaml
kubectl get deploy -o wide
kubectl get deploy -o name
kubectl get deploy nginx-deployment -o jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
kubectl get events --sort-by=.lastTimestamp
