# Topology spread: four pods of one app, at most one apart per node. The control-plane
# node counts as an (empty) domain because nodeTaintsPolicy defaults to Ignore, so the
# fourth pod cannot go anywhere: a classic surprise, in kube-scheduler's words.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: spread-1
  labels: {app: spread}
spec:
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: DoNotSchedule
    labelSelector:
      matchLabels: {app: spread}
  containers:
  - name: app
    image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: spread-2
  labels: {app: spread}
spec:
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: DoNotSchedule
    labelSelector:
      matchLabels: {app: spread}
  containers:
  - name: app
    image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: spread-3
  labels: {app: spread}
spec:
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: DoNotSchedule
    labelSelector:
      matchLabels: {app: spread}
  containers:
  - name: app
    image: nginx
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: spread-4
  labels: {app: spread}
spec:
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: DoNotSchedule
    labelSelector:
      matchLabels: {app: spread}
  containers:
  - name: app
    image: nginx
EOF
settle
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{" -> "}{.spec.nodeName}{"\n"}{end}'
kubectl get pod spread-4 -o jsonpath='{.status.conditions[0].message}{"\n"}'
explain pod spread-4
