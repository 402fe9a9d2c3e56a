# A pod that asks for more CPU than any worker has stays Pending: the scheduler says why
# in a FailedScheduling event and the PodScheduled condition, in kube-scheduler's words.
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
kubectl run web-1 --image=nginx
settle
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{" -> "}{.spec.nodeName}{"\n"}{end}'
kubectl get events --field-selector reason=FailedScheduling
kubectl get pod big -o jsonpath='{.status.conditions[0].type}={.status.conditions[0].status} {.status.conditions[0].reason}{"\n"}'
kubectl get pod big -o jsonpath='{.status.conditions[0].message}{"\n"}'
kubectl describe pod big
kubectl get events --field-selector involvedObject.name=web-1,reason=Scheduled
explain pod big
