# A Deployment comes alive: the deployment controller creates a ReplicaSet named after
# the pod-template hash, the ReplicaSet controller creates the pods (slow start 1, 2),
# a rolling update moves pods within maxSurge/maxUnavailable, scaling, and deleting the
# Deployment lets the garbage collector remove its ReplicaSets and pods.
kubectl apply -f nginx-deployment.yaml
settle
kubectl get deployments
kubectl get rs
kubectl get pods --show-labels
kubectl get events --field-selector involvedObject.kind=Deployment
kubectl get rs -o jsonpath='{.items[0].metadata.annotations}{"\n"}'
kubectl get pods -o jsonpath='{.items[0].metadata.ownerReferences[0].kind} {.items[0].metadata.ownerReferences[0].controller}{"\n"}'
kubectl patch deployment nginx-deployment -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}}}'
settle
kubectl get rs
kubectl get deployment nginx-deployment -o jsonpath='{.status.conditions}{"\n"}'
kubectl scale deployment nginx-deployment --replicas=5
settle
kubectl get rs
kubectl delete deployment nginx-deployment
settle
kubectl get rs,pods
