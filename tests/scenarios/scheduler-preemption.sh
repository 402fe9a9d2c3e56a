# Preemption: three low-priority pods fill the workers' CPU; a pod of a higher
# PriorityClass evicts one of them, is nominated to that node, and is scheduled there.
kubectl apply -f - <<EOF
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: low
value: 10
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high
value: 1000
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: filler-1
spec:
  priorityClassName: low
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 1500m
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: filler-2
spec:
  priorityClassName: low
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 1500m
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: filler-3
spec:
  priorityClassName: low
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 1500m
EOF
settle
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: urgent
spec:
  priorityClassName: high
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: 1500m
EOF
run 2s
kubectl get pod urgent -o jsonpath='{.status.nominatedNodeName}{"\n"}'
kubectl get events --field-selector reason=Preempted
kubectl get events --field-selector involvedObject.name=urgent,reason=FailedScheduling
kubectl get events --field-selector involvedObject.name=urgent,reason=Scheduled
settle
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{" -> "}{.spec.nodeName}{"\n"}{end}'
explain pod urgent
