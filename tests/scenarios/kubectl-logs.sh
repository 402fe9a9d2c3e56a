# Reading what containers print, and waiting for them: kubectl logs asks the API server,
# which asks the pod's kubelet, which reads the runtime's log. A crashing container's
# earlier run is kept for --previous. `kubectl events` lists events oldest first.
kubectl run greeter --image=busybox -- sh -c "echo hello from greeter; echo second line; sleep 3600"
kubectl logs greeter
kubectl wait --for=condition=Ready pod/greeter --timeout=30s
kubectl logs greeter
kubectl logs pod/greeter --tail=1
kubectl logs greeter -c sidecar
kubectl run crasher --image=busybox -- sh -c "echo about to fail; exit 3"
kubectl wait --for=jsonpath={.status.containerStatuses[0].restartCount}=2 pod/crasher --timeout=2m
kubectl get pod crasher
kubectl logs crasher --previous
kubectl logs -f crasher
kubectl wait --for=condition=Ready pod/crasher --timeout=5s
kubectl delete pod crasher --wait=false
kubectl wait --for=delete pod/crasher --timeout=1m
kubectl events --for pod/greeter
kubectl events --types=Warning
kubectl get events --sort-by=.lastTimestamp --field-selector involvedObject.name=greeter
kubectl get events -w
