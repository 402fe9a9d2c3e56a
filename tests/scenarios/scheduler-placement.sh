# Where pods land: nodeSelector, taints and tolerations, required node affinity, and pod
# (anti-)affinity. The NODE column and the events show the scheduler's choices.
kubectl label node worker-2 disktype=ssd
kubectl patch node worker-3 -p '{"spec":{"taints":[{"key":"dedicated","value":"gpu","effect":"NoSchedule"}]}}'
settle
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: on-ssd
spec:
  nodeSelector:
    disktype: ssd
  containers:
  - name: app
    image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: gpu-job
spec:
  tolerations:
  - key: dedicated
    operator: Equal
    value: gpu
    effect: NoSchedule
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: kubernetes.io/hostname
            operator: In
            values: [worker-3]
  containers:
  - name: app
    image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: no-toleration
spec:
  nodeSelector:
    kubernetes.io/hostname: worker-3
  containers:
  - name: app
    image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: hdd-only
spec:
  nodeSelector:
    disktype: hdd
  containers:
  - name: app
    image: nginx
EOF
settle
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{" -> "}{.spec.nodeName}{"\n"}{end}'
kubectl get pod no-toleration -o jsonpath='{.status.conditions[0].message}{"\n"}'
kubectl get pod hdd-only -o jsonpath='{.status.conditions[0].message}{"\n"}'
# Pod affinity: web goes where cache runs; the anti-affine pod avoids it.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: cache
  labels: {app: cache}
spec:
  nodeSelector:
    kubernetes.io/hostname: worker-1
  containers:
  - name: app
    image: redis
EOF
settle
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: near-cache
spec:
  affinity:
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels: {app: cache}
  containers:
  - name: app
    image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: away-from-cache
spec:
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels: {app: cache}
  nodeSelector:
    disktype: ssd
  containers:
  - name: app
    image: nginx
EOF
settle
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{" -> "}{.spec.nodeName}{"\n"}{end}'
kubectl get events --field-selector reason=Scheduled --sort-by=.metadata.name
