# Containers do what their command says (engine/node/sh.h): the documentation's liveness
# example restarts its container, a sidecar reads its neighbour's emptyDir, kubectl exec
# sees a ConfigMap-fed environment and files, stress over its memory limit is OOMKilled.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: game-config
data:
  mode: hard
  lives: "3"
  game.properties: |
    enemies=aliens
    lives=3
---
apiVersion: v1
kind: Secret
metadata:
  name: db
stringData:
  password: s3cr3t
---
apiVersion: v1
kind: Pod
metadata:
  name: sidecar
spec:
  volumes:
  - name: shared
    emptyDir: {}
  - name: config
    configMap:
      name: game-config
  containers:
  - name: writer
    image: busybox:1.36
    command: ["sh", "-c", "i=0; while true; do echo \"tick $i at $(date +%T)\" >> /data/log; i=$((i+1)); sleep 5; done"]
    env:
    - name: MODE
      valueFrom:
        configMapKeyRef:
          name: game-config
          key: mode
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef:
          name: db
          key: password
    - name: MY_NODE
      valueFrom:
        fieldRef:
          fieldPath: spec.nodeName
    envFrom:
    - configMapRef:
        name: game-config
      prefix: GAME_
    volumeMounts:
    - name: shared
      mountPath: /data
    - name: config
      mountPath: /etc/game
  - name: reader
    image: busybox:1.36
    command: ["tail", "-f", "/shared/log"]
    volumeMounts:
    - name: shared
      mountPath: /shared
EOF
kubectl run missing --image=busybox --restart=Never --env=X=1 -- sh -c 'echo $X'
run 30s
kubectl exec liveness-exec -- ls /tmp
kubectl logs sidecar -c reader
kubectl exec sidecar -c writer -- sh -c 'echo $MODE $DB_PASSWORD $MY_NODE $GAME_lives; ls /etc/game; cat /etc/game/game.properties'
kubectl exec sidecar -- sh -c 'echo hi > /etc/game/x'
kubectl exec sidecar -c reader -- tail -n 2 /shared/log
kubectl exec sidecar -c reader -- cat /data/log
kubectl exec sidecar -c nosuch -- ls
kubectl logs missing
run 60s
kubectl get pod liveness-exec
kubectl get events --field-selector involvedObject.name=liveness-exec
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: memory-demo-2
spec:
  containers:
  - name: memory-demo-2-ctr
    image: polinux/stress
    resources:
      requests:
        memory: "50Mi"
      limits:
        memory: "100Mi"
    command: ["stress"]
    args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"]
---
apiVersion: v1
kind: Pod
metadata:
  name: needs-config
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    envFrom:
    - configMapRef:
        name: not-there
EOF
run 40s
kubectl get pod memory-demo-2 needs-config
kubectl get pod memory-demo-2 -o jsonpath='{.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].lastState.terminated.exitCode}{"\n"}'
kubectl get events --field-selector involvedObject.name=needs-config
# A changed ConfigMap reaches its volume within the kubelet's sync period; the
# environment keeps the value the container started with.
kubectl patch configmap game-config -p '{"data":{"mode":"easy"}}'
run 5s
kubectl exec sidecar -c writer -- sh -c 'echo env=$MODE file=$(cat /etc/game/mode)'
run 60s
kubectl exec sidecar -c writer -- sh -c 'echo env=$MODE file=$(cat /etc/game/mode)'
# The downward API as env and files, and $(VAR) in args.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: downward
  labels:
    app: demo
spec:
  containers:
  - name: main
    image: busybox:1.36
    command: ["sh", "-c", "echo limit=$MEM_MB node=$NODE greeting=$(GREETING); sleep 3600"]
    env:
    - name: NODE
      valueFrom:
        fieldRef:
          fieldPath: spec.nodeName
    - name: GREETING
      value: hello-$(NODE)
    - name: MEM_MB
      valueFrom:
        resourceFieldRef:
          containerName: main
          resource: limits.memory
          divisor: 1Mi
    resources:
      limits:
        memory: 64Mi
    volumeMounts:
    - name: podinfo
      mountPath: /etc/podinfo
  volumes:
  - name: podinfo
    downwardAPI:
      items:
      - path: name
        fieldRef:
          fieldPath: metadata.name
      - path: app
        fieldRef:
          fieldPath: metadata.labels['app']
EOF
run 5s
kubectl logs downward
kubectl exec downward -- sh -c 'cat /etc/podinfo/name; echo; cat /etc/podinfo/app; echo'
# An interactive shell is refused with what to do instead.
kubectl exec -it downward -- sh
