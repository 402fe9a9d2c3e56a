# Node maintenance: cordon, drain (the Deployment's pods are evicted through pods/eviction
# and the ReplicaSet recreates them elsewhere; a pod without a controller blocks the drain
# until --force), uncordon, taints. top shows usage computed from requests, because
# KubeLab has no metrics-server.
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources:
          requests: {cpu: 250m, memory: 64Mi}
---
apiVersion: v1
kind: Pod
metadata:
  name: solo
spec:
  nodeName: worker-1
  containers:
  - name: solo
    image: nginx:1.27
    resources:
      requests: {cpu: 100m, memory: 32Mi}
EOF
kubectl wait --for=condition=Available deployment/web --timeout=1m
kubectl wait --for=condition=Ready pod/solo
kubectl get pods -o wide
kubectl top nodes
kubectl top pods --sort-by=cpu
kubectl cordon worker-1
kubectl cordon node/worker-1
kubectl get nodes
kubectl drain worker-1
kubectl drain worker-1 --force --grace-period=5 --timeout=2m
kubectl get pods -o wide
kubectl describe node worker-1
kubectl uncordon worker-1
kubectl taint nodes worker-2 dedicated=batch:NoSchedule
kubectl taint nodes worker-2 dedicated=web:NoSchedule
kubectl taint nodes worker-2 dedicated=web:NoSchedule --overwrite
kubectl get node worker-2 -o jsonpath='{.spec.taints}{"\n"}'
kubectl taint nodes worker-2 dedicated:NoSchedule-
kubectl taint nodes worker-2 dedicated:NoSchedule-
