# The scene of charts.png: a Deployment of three, a Job of six short pods two at a time,
# and a pod no worker has room for; then forty seconds of play, a second at a time.
#   xvfb-run -a -s '-screen 0 1600x1000x24' build/app/kubelab \
#     --script assets/screenshots/charts.sh --run 40s --show charts \
#     --screenshot assets/screenshots/charts.png
kubectl create deployment web --image=nginx --replicas=3
kubectl apply -f - <<EOF
apiVersion: batch/v1
kind: Job
metadata:
  name: batch
spec:
  completions: 6
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        image: busybox
        command: ["sh", "-c", "sleep 5"]
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: "3"
EOF
