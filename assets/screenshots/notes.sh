# The state behind assets/screenshots/notes.png: the first-deployment chapter's nginx
# Deployment, applied and settled.
#   xvfb-run -a -s '-screen 0 1600x1000x24' build/app/kubelab --screenshot notes.png \
#     --chapter first-deployment/walkthrough --script assets/screenshots/notes.sh
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
EOF
settle
