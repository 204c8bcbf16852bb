; Chunk query for Ruby. Capture names are documented in ../query.go.

(comment) @comment
(call
  method: (identifier) @_req (#match? @_req "^require(_relative)?$")
  arguments: (argument_list (string (string_content) @import)))

(module name: (_) @name) @def.module
(class name: (_) @name) @def.class
(singleton_class) @def.class

(method
  name: (_) @name
  parameters: (method_parameters)? @params
  body: (_)? @body) @def.method

(singleton_method
  name: (_) @name
  parameters: (method_parameters)? @params
  body: (_)? @body) @def.method

(assignment
  left: (_) @name
  right: [
    (lambda body: (_) @body)
    (call method: (identifier) @_l (#match? @_l "^(lambda|proc)$") block: (_) @body)
  ]) @def.lambda

(method_parameters (identifier) @param.name)
(method_parameters (optional_parameter name: (identifier) @param.name) @param)
(method_parameters (keyword_parameter name: (identifier) @param.name) @param)
(method_parameters (splat_parameter name: (identifier) @param.name) @param)
(method_parameters (hash_splat_parameter name: (identifier) @param.name) @param)
(method_parameters (block_parameter name: (identifier) @param.name) @param)
(lambda_parameters (identifier) @param.name)
(block_parameters (identifier) @param.name)

(call method: (_) @call)
(for) @loop
(while) @loop
(until) @loop
(if) @branch
(elsif) @branch
(unless) @branch
(when) @branch
(conditional) @branch
(if_modifier) @branch
(unless_modifier) @branch
(return) @return
(rescue) @catch
(yield) @yield
(assignment left: (instance_variable) @write.field)
(operator_assignment left: (instance_variable) @write.field)
