# The Kubernetes docs' nginx Deployment goes through the API server into etcd.
# Status stays empty: no controllers run yet (issue 2/7 brings them).
kubectl apply -f nginx-deployment.yaml
kubectl get deployments
kubectl get deployment nginx-deployment -o yaml
kubectl apply -f nginx-deployment.yaml
kubectl get deploy -o wide
kubectl get deploy -o name
kubectl get deploy nginx-deployment -o jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
trace --last 6
