# The first-Deployment chapter's steps: Apply, step 5, run 10s, scale to 5, settle.
kubectl apply -f - <<END
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: 3
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
END
step 5
run 10s
kubectl scale deployment nginx --replicas=5
settle
