# A container that exits 1 is restarted at once, then after 10 s, 20 s, 40 s, ...
# (CrashLoopBackOff), and `kubectl logs --previous` shows what the last run printed.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: crash
spec:
  nodeName: worker-1
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo starting; echo boom; exit 1"]
EOF
run 5s
kubectl get pods
run 90s
kubectl get pods
kubectl get pod crash -o jsonpath='{.status.containerStatuses[0].state.waiting.message}{"\n"}'
kubectl get pod crash -o jsonpath='{.status.containerStatuses[0].lastState.terminated.exitCode} {.status.containerStatuses[0].lastState.terminated.reason}{"\n"}'
kubectl logs crash --previous
kubectl get events --field-selector reason=BackOff
