# The scene of inspector.png: a pod no worker has room for, beside a Deployment that runs.
#   xvfb-run -a build/app/kubelab --script assets/screenshots/inspector.sh \
#     --select pods/default/big --edit assets/screenshots/inspector-editor.yaml \
#     --screenshot assets/screenshots/inspector.png
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
kubectl create deployment web --image=nginx --replicas=3
settle
