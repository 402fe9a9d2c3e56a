# Errors a learner meets, in kubectl's words.
kubectl get pods missing
kubectl get widgets
kubectl create namespace shop
kubectl create namespace shop
kubectl apply -n nowhere -f nginx-deployment.yaml
kubectl delete namespace default
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  replicas: -1
  selector:
    matchLabels: {app: broken}
  template:
    metadata:
      labels: {app: broken}
    spec:
      containers:
      - name: c
        image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: typo
spec:
  replica: 2
  selector:
    matchLabels: {app: typo}
  template:
    metadata:
      labels: {app: typo}
    spec:
      containers:
      - name: c
        image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: bad-indent
spec:
  containers:
  - name: c
     image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Gadget
metadata:
  name: g
EOF
kubectl get pods --field-selector spec.image=nginx
kubectl get pods -l 'app in (web'
kubectl get deployments
