# A pod pinned to worker-2 goes from Pending to Running (sandbox, pull, create, start),
# then a graceful delete: SIGTERM, and the kubelet removes the pod once it has stopped.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  nodeName: worker-2
  containers:
  - name: nginx
    image: nginx:1.14.2
    ports:
    - containerPort: 80
    readinessProbe:
      httpGet:
        path: /
        port: 80
      periodSeconds: 5
EOF
kubectl get pods
settle
kubectl get pods -o wide
kubectl get pod web -o yaml
kubectl get events
kubectl delete pod web
kubectl get pods
trace --last 12
run 5s
kubectl get pods
