# The state behind assets/screenshots/cluster-map.png: a cache pod takes half of one
# worker's CPU, then a Deployment of 6 replicas asks for 700m each. Two fit on each empty
# worker and one beside the cache; the sixth stays Pending.
#   xvfb-run -a -s '-screen 0 1600x1000x24' build/app/kubelab --screenshot cluster-map.png \
#     --chapter first-deployment/walkthrough --script assets/screenshots/cluster-map.sh
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  containers:
  - name: redis
    image: redis:7
    resources:
      requests:
        cpu: "1"
EOF
settle
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 6
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        resources:
          requests:
            cpu: 700m
EOF
settle
