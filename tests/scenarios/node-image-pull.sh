# A tag the registry does not have: ErrImagePull, then ImagePullBackOff with growing
# back-off; imagePullPolicy Never on a missing image: ErrImageNeverPull.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: typo
spec:
  nodeName: worker-3
  containers:
  - name: web
    image: nginx:nope
EOF
run 1s
kubectl get pods
run 3s
kubectl get pods
kubectl get pod typo -o jsonpath='{.status.containerStatuses[0].state.waiting.message}{"\n"}'
run 60s
kubectl get events --field-selector involvedObject.name=typo
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: never
spec:
  nodeName: worker-3
  containers:
  - name: db
    image: redis:7
    imagePullPolicy: Never
EOF
run 5s
kubectl get pods
kubectl get pod never -o jsonpath='{.status.containerStatuses[0].state.waiting.message}{"\n"}'
